#!/usr/bin/env bash
# `npm run bench`: benchmarks are kept apart from the tests. None yet.
echo "No benchmarks yet."
exit 0
