FROM opensuse/leap:15.6
RUN zypper -n install curl=8.0.1 'git>=2' && zypper clean --all
