#!/bin/sh
# Grid for leave-one-zone-out selection of alpha and the recency half-life (numpy prototype,
# every 7th test day, N from the environment, both variants). lozo.py reads the output.
for c in '"alpha":1,"hl":180' '"alpha":3,"hl":180' '"alpha":10,"hl":180' '"alpha":3,"hl":90' '"alpha":3,"hl":365' '"alpha":3,"hl":0'; do
  python3 weather_proto.py "{\"every\":7,\"variants\":[\"actual\",\"noisy\"],\"N\":${N:-365},$c,\"tprof\":1}"
done
