"""Build the docs site offline: nbdev's notebook processing, then a static site with jupyter-book 1.x (MyST-NB).

    python .ci/docs.py proc     # nbdev_proc_nbs's work (API docs from show_doc, directives applied) into _proc/
    python .ci/docs.py build    # proc, then the site in _docs/site/ (open _docs/site/index.html)

`nbdev_docs` renders the same processed notebooks with Quarto, which the GitHub workflow installs; Quarto cannot be
installed without internet, and nbdev, when it does not find it, tries to install it and then runs `pip install -e` with
whichever pip comes first on PATH. This script runs nbdev's processing steps without that fallback (it refuses to run
outside the project's .venv), then converts the processed notebooks for MyST-NB: Quarto's front matter becomes a title,
Quarto cell options become MyST-NB tags, links to the published site become links between pages, and math is typeset by
the MathJax copy that the `sphinx-mathjax-offline` package installs, served from the site itself.
"""
import html, json, os, re, shutil, subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROC, STAGE, SITE = ROOT / "_proc", ROOT / "_docs" / "src", ROOT / "_docs" / "site"


def check_python() -> None:
    "Stop unless this is the project's own interpreter, so nothing nbdev or pip does can touch another Python."
    venv = (ROOT / ".venv").resolve()
    if Path(sys.prefix).resolve() != venv:
        sys.exit(f"error: run this with the project's Python, {venv}/bin/python (found {sys.prefix}); `make docs` does")


def proc() -> Path:
    "nbdev_proc_nbs without its Quarto installer: refresh the Quarto files and the module index, process every notebook into _proc/."
    check_python()
    import nbdev.quarto as quarto, nbdev.doclinks
    from nbdev.config import get_config
    from nbdev.serve import proc_nbs

    def refuse(*args, **kwargs): raise RuntimeError("nbdev tried to install Quarto and the package; the offline build never does")
    quarto.install = quarto._ensure_quarto = refuse
    os.chdir(ROOT)
    cfg = get_config()
    quarto.refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    quarto.nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    return proc_nbs(cfg.nbs_path, n_workers=int(os.environ.get("DOCS_WORKERS", "2")), force=True)


# ---- conversion of nbdev's processed notebooks to MyST-NB ----

def front_matter(cell: dict) -> dict | None:
    "Quarto's YAML front matter (the raw first cell nbdev writes), or None."
    import yaml
    text = "".join(cell.get("source", ""))
    if cell["cell_type"] != "raw" or not text.lstrip().startswith("---"): return None
    return yaml.safe_load(text.strip().strip("-")) or {}


CELL_OPTIONS = {("echo", "false"): "remove-input", ("output", "false"): "remove-output", ("include", "false"): "remove-cell"}


def code_cell(cell: dict) -> dict | None:
    "A code cell with its `#|` options turned into MyST-NB tags and removed from the source; None when nothing is left."
    lines = "".join(cell["source"]).splitlines()
    tags = set(cell.get("metadata", {}).get("tags", []))
    for line in lines:
        m = re.match(r"#\|\s*([\w-]+)\s*:\s*(\w+)", line)
        if m and (m[1], m[2].lower()) in CELL_OPTIONS: tags.add(CELL_OPTIONS[m[1], m[2].lower()])
    source = "\n".join(l for l in lines if not l.startswith("#|")).strip("\n")
    if not source and not cell.get("outputs"): return None
    cell = {**cell, "source": source, "metadata": {**cell.get("metadata", {}), "tags": sorted(tags)}}
    if not source: cell["metadata"]["tags"] = sorted(tags | {"remove-input"})
    cell["outputs"] = [show_doc_output(o) for o in cell.get("outputs", [])]
    return cell


def show_doc_output(out: dict) -> dict:
    "nbdev's show_doc Markdown uses Pandoc syntax for its source link and starts with a rule; write both as MyST reads them."
    md = out.get("data", {}).get("text/markdown")
    if md is None: return out
    text = "".join(md) if isinstance(md, list) else md
    text = re.sub(r"\[source\]\(([^)]*)\)\{[^}]*\}", r'<a href="\1" class="nbdev-source" target="_blank">source</a>', text)
    text = re.sub(r"\A\s*---\s*\n", "", text)
    return {**out, "data": {**out["data"], "text/markdown": text}}


def link_map(notebooks: list[Path]) -> dict[str, tuple[Path, set[str]]]:
    "Quarto's page name (`output-file`) of every processed notebook, to its path under _proc/ and the anchors of its headings."
    from docutils.nodes import make_id
    pages = {}
    for p in notebooks:
        nb = json.loads(p.read_text(encoding="utf-8"))
        fm = front_matter(nb["cells"][0]) if nb["cells"] else None
        if not (fm and fm.get("output-file")): continue
        texts = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
        texts += ["".join(o["data"]["text/markdown"]) for c in nb["cells"] for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
        anchors = {make_id(h) for t in texts for h in re.findall(r"^#+\s+(.+?)\s*$", t, flags=re.M)}
        pages[Path(fm["output-file"]).stem] = (p.relative_to(PROC), anchors)
    return pages


def relink(text: str, here: Path, pages: dict[str, tuple[Path, set[str]]], host: str) -> str:
    """Markdown links into the published site, [text](https://HOST/PAGE.html#anchor), as HTML links to the page here,
    relative to the page at `here` (a path under _proc/), with the anchor docutils gives the heading (`load_toy` -> `load-toy`).
    nbdev links methods (`Class.method`) that have no documentation entry of their own: those go to the class, and a name
    with no entry at all to the top of its page."""
    from docutils.nodes import make_id
    def repl(m):
        if m[2] not in pages: return m[0]
        target, anchors = pages[m[2]]
        candidates = [make_id(m[3]), make_id(m[3].split(".")[0])] if m[3] else []
        anchor = next((a for a in candidates if a in anchors), None)
        href = Path(os.path.relpath(target.with_suffix(".html"), here.parent)).as_posix() + (f"#{anchor}" if anchor else "")
        label = re.sub(r"`([^`]*)`", lambda c: f"<code>{html.escape(c[1])}</code>", m[1])
        return f'<a href="{href}">{label}</a>'
    return re.sub(r"\[([^\]]*)\]\(" + re.escape(host.rstrip("/")) + r"/([\w.-]+)\.html(?:#([\w.-]+))?\)", repl, text)


def convert(path: Path, pages: dict[str, tuple[Path, set[str]]], host: str) -> dict:
    "One processed notebook as MyST-NB reads it."
    nb = json.loads(path.read_text(encoding="utf-8"))
    here = path.relative_to(PROC)
    cells = []
    for i, cell in enumerate(nb["cells"]):
        fm = front_matter(cell) if i == 0 else None
        if fm is not None:
            head = f"# {fm.get('title', path.stem)}" + (f"\n\n> {fm['description']}" if fm.get("description") else "")
            cells.append({"cell_type": "markdown", "id": "front-matter", "metadata": {}, "source": head}); continue
        if cell["cell_type"] == "raw": continue
        if cell["cell_type"] == "code":
            cell = code_cell(cell)
            if cell is None: continue
        else:
            cell = {**cell, "source": "".join(cell["source"])}
            if cell["source"].startswith("<!-- WARNING: THIS FILE WAS AUTOGENERATED"): continue
        cell.setdefault("id", f"cell-{i}")
        if cell["cell_type"] == "markdown": cell["source"] = relink(cell["source"], here, pages, host)
        for out in cell.get("outputs", []):
            if "text/markdown" in out.get("data", {}): out["data"]["text/markdown"] = relink(out["data"]["text/markdown"], here, pages, host)
        cells.append(cell)
    nb["cells"] = cells
    nb.setdefault("metadata", {}).pop("widgets", None)
    nb["nbformat_minor"] = max(nb.get("nbformat_minor", 4), 4)
    return nb


def toc(notebooks: list[Path]) -> str:
    "The sidebar in notebook order: the landing page, the numbered notebooks, then the experiments and what-we-tried pages."
    rel = lambda p: "nbs/" + p.relative_to(PROC).with_suffix("").as_posix()
    top = [p for p in notebooks if p.parent == PROC and p.stem != "index"]
    exp = [p for p in notebooks if p.parent != PROC]
    tried = sorted((PROC / "experiments").glob("tried_*.md"))
    lines = ["format: jb-book", "root: nbs/index", "parts:", "  - caption: The method and its tools", "    chapters:"]
    lines += [f"      - file: {rel(p)}" for p in top]
    lines += ["  - caption: Experiments", "    chapters:"] + [f"      - file: {rel(p)}" for p in exp]
    lines += ["  - caption: What we tried", "    chapters:"] + [f"      - file: {rel(p)}" for p in tried]
    return "\n".join(lines) + "\n"


CONFIG = """\
title: adebm
author: adebm developers
copyright: "2026"
only_build_toc_files: true
exclude_patterns: [_build]
execute:
  execute_notebooks: "off"
parse:
  myst_enable_extensions: [dollarmath, amsmath, colon_fence, html_image]
repository:
  url: https://github.com/adebm/adebm
  branch: main
html:
  favicon: favicon.png
  use_repository_button: false
  home_page_in_navbar: true
sphinx:
  extra_extensions: [sphinx-mathjax-offline]   # MathJax 3 from PyPI, copied into _static/mathjax: no CDN
  config:
    mathjax_path: mathjax/tex-chtml.js
    html_show_sourcelink: false
    nb_merge_streams: true
    suppress_warnings: [mystnb.unknown_mime_type, myst.header, misc.highlighting_failure, toc.not_included]
"""


def favicon(path: Path) -> None:
    "A 32 x 32 icon (four dots on a ring, the 2-D data's modes), PNG or ICO by the file's suffix."
    from PIL import Image, ImageDraw
    im = Image.new("RGBA", (32, 32), (0, 0, 0, 0)); d = ImageDraw.Draw(im)
    for x, y in ((16, 5), (27, 16), (16, 27), (5, 16)): d.ellipse((x - 4, y - 4, x + 4, y + 4), fill=(40, 90, 160, 255))
    im.save(path)


def stage() -> Path:
    "The site's sources under _docs/src/: converted notebooks and pages at nbs/, the committed figures at figures/."
    from nbdev.config import get_config
    host = get_config().doc_host.rstrip("/") + get_config().doc_baseurl.rstrip("/")
    shutil.rmtree(STAGE, ignore_errors=True)
    notebooks = sorted(p for p in PROC.rglob("*.ipynb") if not any(part.startswith((".", "_")) for part in p.relative_to(PROC).parts))
    pages = link_map(notebooks)
    for p in notebooks:
        dest = STAGE / "nbs" / p.relative_to(PROC)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(convert(p, pages, host), indent=1, ensure_ascii=False), encoding="utf-8")
    for md in (PROC / "experiments").glob("tried_*.md"):
        shutil.copy2(md, STAGE / "nbs" / "experiments" / md.name)
    for profile in ("cpu", "paper"):
        if (ROOT / "figures" / profile).is_dir(): shutil.copytree(ROOT / "figures" / profile, STAGE / "figures" / profile)
    favicon(STAGE / "favicon.png")
    (STAGE / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (STAGE / "_toc.yml").write_text(toc(notebooks), encoding="utf-8")
    return STAGE


def build() -> Path:
    "proc, stage, then Sphinx with the configuration jupyter-book generates, less sphinx-thebe; the site is _docs/site/."
    proc()
    stage()
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([str(bin_dir / "jupyter-book"), "config", "sphinx", str(STAGE)], check=True, env=env, stdout=subprocess.DEVNULL)
    conf = STAGE / "conf.py"
    # sphinx-thebe (live code cells) loads thebe from a CDN, and with this jupyter-book declares its URL twice (a console error)
    text = conf.read_text(encoding="utf-8").replace("'sphinx_thebe', ", "").replace(", 'sphinx_thebe'", "")
    if "sphinx_thebe" in text: sys.exit("error: could not remove sphinx_thebe from the generated conf.py")
    text += "\nhtml_context = {'default_mode': 'light'}   # without it the theme logs an error on a first visit\n"
    conf.write_text(text, encoding="utf-8")
    shutil.rmtree(SITE, ignore_errors=True)
    subprocess.run([str(bin_dir / "sphinx-build"), "-b", "html", "-q", "-W", "--keep-going", "-d", str(ROOT / "_docs" / "doctrees"),
                    str(STAGE), str(SITE)], check=True, env=env)
    # the pages link favicon.png, but Chromium may still ask for /favicon.ico before it reads the link (a 404 in the console)
    favicon(SITE / "favicon.ico")
    print(f"site: {SITE / 'index.html'}")
    return SITE


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "build"
    if cmd == "proc": print(proc())
    elif cmd == "build": build()
    else: sys.exit(f"usage: python .ci/docs.py [proc|build]")
