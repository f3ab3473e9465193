FROM golang:1.22 AS build
COPY --from=build /a /b
COPY --from=0 /a /c
