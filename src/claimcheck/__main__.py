"""`python -m claimcheck`."""

from ._entry import console

console()
