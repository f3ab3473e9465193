FROM docker:27
VOLUME /var/run/docker.sock
VOLUME ["/data", "/run/containerd/containerd.sock"]
