FROM debian:bookworm-slim
RUN echo "deb [signed-by=/etc/apt/keyrings/x.asc] http://repo.internal stable main" > /etc/apt/sources.list.d/x.list
