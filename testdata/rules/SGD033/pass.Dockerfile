FROM alpine:3.20 AS base
from alpine:3.20 as other
