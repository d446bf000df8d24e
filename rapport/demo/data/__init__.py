"""Hand-written material the demo community is drawn from: no downloads, no real people.

Every collection here is a tuple, so the generator's choices depend only on the
seed and on the order written here, never on set or dict iteration.
"""
