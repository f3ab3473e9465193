FROM ruby:3.3
RUN gem install rails:7.1.3 && gem install bundler -v 2.5.10
