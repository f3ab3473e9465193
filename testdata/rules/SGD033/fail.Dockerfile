FROM alpine:3.20 as base
from alpine:3.20 AS other
