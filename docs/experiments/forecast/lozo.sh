#!/bin/sh
# Grid for leave-one-zone-out selection of alpha and the recency half-life (numpy prototype).
for a in 1 3 10; do for hl in 90 180 365; do
  python3 weather_proto.py "{\"every\":7,\"variants\":[\"actual\",\"noisy\"],\"N\":${N:-365},\"alpha\":$a,\"hl\":$hl,\"tprof\":1}"
done; done
