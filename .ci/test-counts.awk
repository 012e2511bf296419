# Adds up Microsoft.Testing.Platform's closing blocks ("Test run summary: ..." followed by indented
# lines "total: N", "failed: N", "succeeded: N", "skipped: N", "duration: ..."), one per test
# executable, from a log without colour codes. Prints: blocks passed failed skipped.
/^Test run summary:/ { inside = 1; blocks++; next }
inside && /^  / { if ($2 ~ /^[0-9]+$/) count[$1] += $2; next }
{ inside = 0 }
END { print blocks + 0, count["succeeded:"] + 0, count["failed:"] + 0, count["skipped:"] + 0 }
