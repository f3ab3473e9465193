FROM alpine/git:2.45.2
RUN git config --global http.sslCAInfo /etc/ssl/ca.pem && git config --global http.sslVerify true
