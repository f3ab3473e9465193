from alpine:3.20
run echo lower
copy a /b
