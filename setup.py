"""Packaging for adebm: everything is read from settings.ini (nbdev 2 layout)."""
from configparser import ConfigParser
from pathlib import Path
import setuptools

cfg = ConfigParser(delimiters=["="])
cfg.read("settings.ini", encoding="utf-8")
s = cfg["DEFAULT"]

licenses = {"apache2": ("Apache-2.0", None)}
statuses = ["1 - Planning", "2 - Pre-Alpha", "3 - Alpha", "4 - Beta", "5 - Production/Stable"]
lic = licenses.get(s["license"].lower(), (s["license"], None))
min_python = s["min_python"]
py_versions = ["3.10", "3.11", "3.12", "3.13"]

setuptools.setup(
    name=s["lib_name"],
    version=s["version"],
    description=s["description"],
    long_description=Path("README.md").read_text(encoding="utf-8") if Path("README.md").exists() else "",
    long_description_content_type="text/markdown",
    author=s["author"],
    author_email=s["author_email"],
    license=lic[0],
    url=s["git_url"],
    keywords=s["keywords"].split(),
    classifiers=[
        "Development Status :: " + statuses[int(s["status"]) - 1],
        "Intended Audience :: " + s["audience"],
        "Natural Language :: " + s["language"],
    ] + ["Programming Language :: Python :: " + v for v in py_versions[py_versions.index(min_python):]],
    python_requires=">=" + min_python,
    packages=setuptools.find_packages(include=["adebm", "adebm.*"]),
    include_package_data=True,
    package_data={"adebm": ["weights/*.safetensors", "weights/*.json"]},
    install_requires=s.get("requirements", "").split(),
    extras_require={"dev": s.get("dev_requirements", "").split()},
    entry_points={
        "console_scripts": s.get("console_scripts", "").split(),
        "nbdev": [f"{s['lib_path']}={s['lib_path']}._modidx:d"],
    },
    zip_safe=False,
)
