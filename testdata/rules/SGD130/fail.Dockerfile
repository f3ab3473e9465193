FROM opensuse/leap:15.6
RUN zypper -n dup && zypper clean --all
