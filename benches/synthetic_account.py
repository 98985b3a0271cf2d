#!/usr/bin/env python3
"""Writes a synthetic account directory for benches/deploy.sh: WIDTH stacks on each of DEPTH levels.

Every stack is one SNS topic (LocalStack really creates it) with a TopicArn output; a stack of level
k > 1 reads the TopicArn of one or two stacks of level k-1, so the plan is DEPTH waves deep and each
stack can start as soon as its own one or two inputs exist.

Usage: benches/synthetic_account.py DIR [WIDTH [DEPTH]]   (default 15 x 4 = 60 stacks)
"""
import json
import pathlib
import shutil
import sys


def template(inputs):
    """A topic whose template declares one String parameter per upstream stack it reads."""
    return {
        "Parameters": {f"Upstream{i}": {"Type": "String"} for i in range(1, inputs + 1)},
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}},
    }


def upstreams(level, index, width):
    """Level 1 reads nothing; above it, stack i reads stack i below, and every other one also i+1."""
    if level == 1:
        return []
    below = [index]
    if index % 2 == 0:
        below.append(index % width + 1)
    return [f"l{level - 1}s{i}" for i in below]


def write(directory, width, depth):
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    account = {"AccountId": "123456789012", "Region": "us-east-1", "Tags": {"project": "hydrate-bench"}}
    (directory / "account.json").write_text(json.dumps(account, indent=2) + "\n")
    for inputs in range(3):
        (directory / f"topic{inputs}.template.json").write_text(json.dumps(template(inputs), indent=2) + "\n")
    for level in range(1, depth + 1):
        for index in range(1, width + 1):
            key = f"l{level}s{index}"
            reads = upstreams(level, index, width)
            stack = {
                "StackName": f"bench-{key}",
                "Capabilities": ["CAPABILITY_NAMED_IAM"],
                "Parameters": {f"Upstream{i}": f'{{{{output "{up}" "TopicArn"}}}}' for i, up in enumerate(reads, 1)},
                "Hydrate": {"TemplateFile": f"topic{len(reads)}.template.json"},
            }
            (directory / f"{key}.json").write_text(json.dumps(stack, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    write(pathlib.Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 15, int(sys.argv[3]) if len(sys.argv) > 3 else 4)
