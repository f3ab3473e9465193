FROM node:latest
FROM docker.io/library/alpine:latest AS b
