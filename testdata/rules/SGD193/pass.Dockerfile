FROM alpine/git:2.45.2
RUN git clone --depth 1 --branch v1.4.2 https://github.com/example/tool.git
RUN git clone https://github.com/example/lib.git && git -C lib checkout 3f2a9c1
