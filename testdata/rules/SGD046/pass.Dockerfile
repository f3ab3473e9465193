FROM alpine:3.20
RUN --mount=type=secret,id=gh,env=GH_TOKEN git clone https://github.com/org/repo.git
RUN git clone https://${USER}:${TOKEN}@git.example.com/org/repo.git
ENV NEO4J_AUTH=none REGISTRY_AUTH=htpasswd
