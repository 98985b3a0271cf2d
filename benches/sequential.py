#!/usr/bin/env python3
"""The baseline of benches/deploy.sh: the boto3 script a careful user would write to deploy the stacks
hydrate plans, one at a time.

It reads the plan (`hydrate --account A up --dry-run --offline --output json`, one `planned` object per
stack) and the templates (`hydrate --account A render --out DIR`; a stack with `Hydrate.TemplateFile`
is not rendered, so its file is read from the account directory), then runs each PHASE given:

  up    per stack in plan order (a regional stack's instances each in its own region): describe_stacks; if absent, create_stack and poll describe_stacks
        every 0.5 s until a terminal status; if present, get_template and compare template and
        parameters, and update only when they differ. Outputs come from the describes it already made.
        A template over CloudFormation's 51,200-byte TemplateBody limit is put in an S3 bucket of the
        script's own first (as `aws cloudformation deploy --s3-bucket` does) and sent by TemplateURL.
  down  per stack in reverse plan order: delete_stack, then poll every 0.5 s until it is gone.

Prints one JSON object per phase: wall seconds (from the phase's first call to its last answer),
API calls (counted by a boto3 `before-call` hook) and writes (calls that are not Describe/Get/List).
Credentials come from the environment (AWS_ACCESS_KEY_ID, …), as in benches/deploy.sh.

Usage: benches/sequential.py --plan FILE --templates DIR --account DIR --endpoint-url URL PHASE...
"""
import argparse
import collections
import json
import pathlib
import re
import sys
import time

import boto3
import botocore.config
import botocore.exceptions

POLL_SECONDS = 0.5
PENDING_OUTPUT = re.compile(r"^<(?P<stack>[^.>]+)\.(?P<output>[^>]+) after deploy>$")
READ_PREFIXES = ("Describe", "Get", "List", "Head")
MAX_INLINE_BYTES = 51_200


class Deployer:
    def __init__(self, args):
        self.plan = [json.loads(line) for line in open(args.plan) if line.strip()]
        self.plan = [p for p in self.plan if p.get("kind") == "planned"]
        self.templates = pathlib.Path(args.templates)
        self.account = pathlib.Path(args.account)
        self.config = botocore.config.Config(retries={"mode": "standard"})
        self.endpoint_url = args.endpoint_url
        self.clients = {}  # region -> CloudFormation client: a regional stack is one per region
        self.buckets = {}  # region -> (S3 client, bucket) for templates too long to send inline
        self.calls = collections.Counter()
        self.outputs = {}  # stack key -> {OutputKey: OutputValue}, from describes already made

    def count(self, model, **_):
        self.calls[model.name] += 1

    def cfn(self, planned):
        region = planned.get("region", "us-east-1")
        if region not in self.clients:
            client = boto3.client("cloudformation", endpoint_url=self.endpoint_url, region_name=region, config=self.config)
            client.meta.events.register("before-call.cloudformation.*", self.count)
            self.clients[region] = client
        return self.clients[region]

    def template(self, planned, body):
        """TemplateBody when it fits, else TemplateURL of the body put in the script's bucket."""
        if len(body.encode()) <= MAX_INLINE_BYTES:
            return {"TemplateBody": body}
        region = planned.get("region", "us-east-1")
        if region not in self.buckets:
            s3 = boto3.client("s3", endpoint_url=self.endpoint_url, region_name=region, config=self.config)
            s3.meta.events.register("before-call.s3.*", self.count)
            # LocalStack core on the host closes the connection on botocore's `Expect: 100-continue`.
            s3.meta.events.register("before-send.s3.PutObject", self.without_expect)
            bucket = f"sequential-templates-{region}"
            try:
                s3.head_bucket(Bucket=bucket)
            except botocore.exceptions.ClientError:
                location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
                s3.create_bucket(Bucket=bucket, **location)
            self.buckets[region] = (s3, bucket)
        s3, bucket = self.buckets[region]
        key = f"{planned['stack']}.json"
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode())
        return {"TemplateURL": f"{self.endpoint_url}/{bucket}/{key}"}

    @staticmethod
    def without_expect(request, **_):
        # A before-send handler that returns something makes that the response: return None.
        request.headers.pop("Expect", None)

    def template_body(self, key):
        key = key.split("@")[0]  # `guardDuty@eu-west-1`: the stack file's template
        rendered = self.templates / f"{key}.json"
        if rendered.exists():
            return rendered.read_text()
        stack_file = self.account / f"{key}.json"
        return (stack_file.parent / json.loads(stack_file.read_text())["Hydrate"]["TemplateFile"]).read_text()

    def parameters(self, planned):
        resolved = {}
        for name, value in planned["parameters"]:
            pending = PENDING_OUTPUT.match(value)
            resolved[name] = self.outputs[pending["stack"]][pending["output"]] if pending else value
        return resolved

    def describe(self, cfn, name):
        try:
            return cfn.describe_stacks(StackName=name)["Stacks"][0]
        except botocore.exceptions.ClientError as error:
            if "does not exist" in error.response["Error"]["Message"]:
                return None
            raise

    def wait(self, cfn, name, expected):
        while True:
            time.sleep(POLL_SECONDS)
            stack = self.describe(cfn, name)
            status = stack["StackStatus"] if stack else "DELETE_COMPLETE"
            if not status.endswith("_IN_PROGRESS"):
                if status != expected:
                    sys.exit(f"{name}: {status} ({stack.get('StackStatusReason', '') if stack else ''})")
                return stack

    def remember(self, key, stack):
        self.outputs[key] = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}

    def up(self):
        for planned in self.plan:
            key, name, cfn = planned["stack"], planned["stack_name"], self.cfn(planned)
            body, parameters = self.template_body(key), self.parameters(planned)
            # Built only for a write: a no-change pass puts nothing in the bucket.
            request = lambda: dict(
                StackName=name,
                **self.template(planned, body),
                Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
                Capabilities=["CAPABILITY_NAMED_IAM"],
            )
            stack = self.describe(cfn, name)
            if stack is None:
                cfn.create_stack(**request())
                stack = self.wait(cfn, name, "CREATE_COMPLETE")
            elif not self.unchanged(cfn, stack, body, parameters):
                try:
                    cfn.update_stack(**request())
                    stack = self.wait(cfn, name, "UPDATE_COMPLETE")
                except botocore.exceptions.ClientError as error:
                    if "No updates are to be performed" not in error.response["Error"]["Message"]:
                        raise
            self.remember(key, stack)

    def unchanged(self, cfn, stack, body, parameters):
        deployed = cfn.get_template(StackName=stack["StackName"], TemplateStage="Original")["TemplateBody"]
        if isinstance(deployed, str):  # botocore decodes a JSON body itself; a YAML one stays text
            deployed = json.loads(deployed)
        template = json.loads(body)
        # The stack reports every declared parameter, so the ones left out compare as their defaults.
        wanted = {k: str(p["Default"]) for k, p in template.get("Parameters", {}).items() if "Default" in p}
        wanted.update(parameters)
        current = {p["ParameterKey"]: p["ParameterValue"] for p in stack.get("Parameters", [])}
        return deployed == template and current == wanted

    def down(self):
        for planned in reversed(self.plan):
            cfn = self.cfn(planned)
            cfn.delete_stack(StackName=planned["stack_name"])
            self.wait(cfn, planned["stack_name"], "DELETE_COMPLETE")

    def run(self, phase):
        self.calls.clear()
        start = time.perf_counter()
        getattr(self, phase)()
        wall = time.perf_counter() - start
        writes = sum(n for op, n in self.calls.items() if not op.startswith(READ_PREFIXES))
        calls = dict(sorted(self.calls.items()))
        print(json.dumps({"phase": phase, "wall_s": round(wall, 3), "calls": sum(calls.values()), "writes": writes, "by_operation": calls}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--templates", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("phases", nargs="+", choices=["up", "down"], metavar="PHASE")
    args = parser.parse_args()
    deployer = Deployer(args)
    for phase in args.phases:
        deployer.run(phase)


if __name__ == "__main__":
    main()
