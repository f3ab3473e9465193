FROM alpine/git:2.45.2
RUN git clone https://github.com/example/tool.git
RUN git clone --depth 1 --branch main https://github.com/example/lib.git
