"""School targets: import (all-or-nothing, row-level errors), the challenge list of targets
below the modelled estimate, and suggested targets from comparative data."""
