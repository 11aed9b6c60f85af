"""Print the figures docs/performance.md records from a locust ``*_stats.csv`` file.

    python3 bench/summarise.py var/bench/lettings_stats.csv
"""

from __future__ import annotations

import csv
import sys


def main(path: str) -> None:
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(f"| {'Request':<44} | reqs | fails |  p50 |  p95 |  p99 |  max | req/s |")
    print(f"| {'-' * 44} | ---: | ----: | ---: | ---: | ---: | ---: | ----: |")
    for row in rows:
        if row["Name"].startswith("setup:") or row["Request Count"] == "0":
            continue
        name = row["Name"] if row["Name"] != "Aggregated" else "All requests"
        print(f"| {name:<44} | {row['Request Count']:>4} | {row['Failure Count']:>5} "
              f"| {row['50%']:>4} | {row['95%']:>4} | {row['99%']:>4} "
              f"| {float(row['Max Response Time']):>4.0f} | {float(row['Requests/s']):>5.1f} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "var/bench/lettings_stats.csv")
