FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
RUN zypper -n install git && zypper cc -a
