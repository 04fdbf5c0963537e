"""Build-time generator: specs/*.yaml + templates/ -> generated/."""
