"""People who log in. Present in both planes: in the public schema it holds JDN operators, in each
agency schema that agency's people (see docs/decisions/0002-accounts-in-both-planes.md)."""
