# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
# a comment attached to RUN
RUN apt-get update \
    # comments inside a continuation are dropped
    && apt-get install -y --no-install-recommends \
        ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
   # indented comment
  RUN echo "indented instruction" \
\
    && echo "a line holding only the escape continues"
RUN echo one \

    && echo "after an empty continuation line"
RUN echo "escaped escape at the end is not a continuation" \\
CMD ["echo", "done"]
RUN echo "last line continues into EOF" \
