"""mkdocs-zigzag: Hexo posts as an MkDocs Material blog, with math and figures rendered at build time."""

__version__ = "0.1.0"
