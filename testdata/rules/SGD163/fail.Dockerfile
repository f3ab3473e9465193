FROM amazon/aws-cli:2.17.0
RUN aws configure set aws_secret_access_key "$AWS_SECRET" && aws s3 cp s3://b/m /m
RUN gcloud auth activate-service-account --key-file=/key.json
