FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper install -y git && zypper clean --all
RUN zypper --non-interactive remove vim
