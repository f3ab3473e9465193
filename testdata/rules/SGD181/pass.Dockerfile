FROM debian:bookworm-slim
RUN echo "deb [signed-by=/etc/apt/keyrings/x.asc] http://repo.internal stable main" > /etc/apt/sources.list.d/x.list
RUN echo "deb [ trusted=yes ] file:///tmp/debs ./" > /etc/apt/sources.list.d/local.list
RUN echo deb [trusted=yes] copy:/tmp/debs ./ > /etc/apt/sources.list.d/local.list
