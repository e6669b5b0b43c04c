"""Build-time figures: generators bound to the images a post names, rendered, themed and cached.

No MkDocs imports here; matplotlib is imported only when a figure must actually be drawn.
"""
