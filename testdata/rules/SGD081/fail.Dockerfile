FROM alpine:3.20
LABEL com.docker.thing=1 Version=2 my..label=3 -bad=4
