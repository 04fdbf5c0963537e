"""Build-time generator: specs/*.yaml + templates/ -> generated/ (the installed package's components)."""

#: The import package every component is installed in (generated/ in a checkout).
PACKAGE = __name__.rpartition(".")[0]
