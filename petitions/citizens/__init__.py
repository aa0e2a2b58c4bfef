"""Citizens (công dân): records, matching and merging, used by reception and letters alike."""
