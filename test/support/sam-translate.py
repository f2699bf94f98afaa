"""template.yaml as CloudFormation receives it: the SAM transform applied, printed as JSON.

The SAM translator ships with cfn-lint. Managed policy names resolve to their AWS ARNs without
calling IAM, so this runs offline; the translated roles are what the least-privilege test reads.
"""
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class OfflinePolicies:
    """What SAM asks IAM for: a managed policy name's ARN (AWS-managed policies have fixed ARNs)."""

    def load(self):
        return self

    def get(self, name, default=None):
        return f"arn:aws:iam::aws:policy/service-role/{name}" if name.startswith("AWSLambda") else f"arn:aws:iam::aws:policy/{name}"

    def __contains__(self, name):
        return True

    def __getitem__(self, name):
        return self.get(name)


# The translator resolves pseudo parameters (region, account) from the environment; any region does.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
with open(sys.argv[1]) as handle:
    template = yaml_parse(handle.read())
# As `sam package` does: local code folders become S3 locations (the bucket is a stand-in).
for resource in template.get("Resources", {}).values():
    properties = resource.get("Properties", {})
    for key in ("CodeUri", "ContentUri"):
        if isinstance(properties.get(key), str) and not properties[key].startswith("s3://"):
            properties[key] = f"s3://deployment-bucket/{properties[key].strip('/')}.zip"
try:
    translated = transform(template, {}, OfflinePolicies())
except InvalidDocumentException as error:
    print("; ".join(cause.message for cause in error.causes), file=sys.stderr)
    sys.exit(1)
json.dump(translated, sys.stdout, indent=1, default=str)
