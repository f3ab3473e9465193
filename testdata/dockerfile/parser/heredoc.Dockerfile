FROM alpine:3.20
RUN <<EOF
set -e
apk add --no-cache curl
EOF
RUN <<-'INDENTED'
	echo "leading tabs are stripped from the terminator"
	INDENTED
RUN <<EOT bash
#!/usr/bin/env bash
echo "stdin of bash"
EOT
COPY <<A.txt <<"B.txt" /dest/
content of a $HOME
A.txt
content of b
B.txt
RUN cat <<EOF > /etc/motd && echo done
hello
EOF
RUN python3 3<<PY
print("fd 3")
PY
RUN ["echo", "<<EOF"]
RUN <<UNTERMINATED
echo "never ends"
