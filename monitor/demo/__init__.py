"""Demo streams and scenario generators (fictional brands, natural Japanese)."""
