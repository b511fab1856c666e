"""`python -m claimcheck`."""

from ._cli import console

console()
