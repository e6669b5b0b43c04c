"""Mermaid diagrams drawn in the reader's browser by a mermaid shipped with the site, not from a CDN.

``dist/`` holds mermaid's single-file build, copied there by ``hatch_build.py``. No MkDocs imports here.
"""
