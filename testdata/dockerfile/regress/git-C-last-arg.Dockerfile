FROM a
RUN git clone https://github.com/example/lib.git && git -C thub.com/example/tool.git
RUN git -C
RUN git -c
