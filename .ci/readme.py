"Write README.md from nbs/index.ipynb without Quarto (nbdev_readme needs Quarto): markdown cells as they are, code cells fenced, directives dropped, `#| hide` cells left out."
import json, pathlib
nb = json.loads(pathlib.Path("nbs/index.ipynb").read_text())
parts = ["<!-- generated from nbs/index.ipynb; edit the notebook, not this file -->"]
for c in nb["cells"]:
    src = "".join(c["source"])
    if c["cell_type"] == "markdown": parts.append(src.replace("](../figures/", "](figures/"))   # image links from nbs/ to the repository root
    elif "#| hide" not in src.splitlines()[:3]: parts.append("```python\n" + "\n".join(l for l in src.splitlines() if not l.startswith("#|")) + "\n```")
pathlib.Path("README.md").write_text("\n\n".join(parts) + "\n")
