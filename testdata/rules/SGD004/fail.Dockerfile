FROM golang:1.22 AS 1build
FROM alpine:3.20 AS ok
