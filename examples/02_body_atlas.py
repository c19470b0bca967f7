"""Which spinal levels serve a painful body region, and where clinicians place DRG leads.

Looks up the dermatome atlas (root order: primary first) for the foot regions and the knee.
"""

from __future__ import annotations

from drgsim import anatomy

for region in ("sole", "dorsum_of_foot", "knee"):
    levels = anatomy.region_levels(region)
    print(f"{region}: {', '.join(str(level) for level in levels)}")
print(f"map: {anatomy.MAP_NAME}")
print(f"n_levels_dorsum_of_foot: {len(anatomy.region_levels('dorsum_of_foot'))}")
