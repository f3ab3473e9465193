FROM alpine:3.20
ENV AWS_KEY_ID=AKIAIOSFODNN7EXAMPLE
RUN git clone https://deploy:s3cr3tpass@git.example.com/org/repo.git
RUN <<EOF
echo "-----BEGIN RSA PRIVATE KEY-----" > /k
EOF
