"""An AWS Organization built in moto for scripts/demo-org and benches/org.sh: the organization
(all features), OUs under the root by name (made when missing), new accounts moved into them, and
the management account's template bucket (bootstrap's name; in AWS `hydrate up` of the management
account makes it, but that runs in LocalStack here, see scripts/demo-org).

  org_fixture.py --endpoint URL --ou Workloads=3 --ou Sandbox=2 --ou Security=2 [--bucket NAME]
      prints one line per OU: name, id, then its new account ids
  org_fixture.py --endpoint URL --add Security
      one more account in that OU; prints its id

Credentials: whatever the environment says (the scripts use the key id 123456789012, moto's
default account, so the organization is that account's).
"""

import argparse
import sys

import boto3


def client(endpoint, service):
    return boto3.client(service, endpoint_url=endpoint, region_name="us-east-1")


def root_id(org):
    try:
        org.describe_organization()
    except org.exceptions.AWSOrganizationsNotInUseException:
        org.create_organization(FeatureSet="ALL")
    return org.list_roots()["Roots"][0]["Id"]


def ou_id(org, root, name):
    for page in org.get_paginator("list_organizational_units_for_parent").paginate(ParentId=root):
        for ou in page["OrganizationalUnits"]:
            if ou["Name"] == name:
                return ou["Id"]
    return org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]


def new_account(org, root, ou, serial):
    name = f"{ou}-{serial}"
    made = org.create_account(AccountName=name, Email=f"{name}@example.com")
    status = made["CreateAccountStatus"]
    if status["State"] != "SUCCEEDED":
        sys.exit(f"create_account {name}: {status}")
    org.move_account(AccountId=status["AccountId"], SourceParentId=root, DestinationParentId=ou)
    return status["AccountId"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--endpoint", required=True)
    p.add_argument("--ou", action="append", default=[], help="NAME=COUNT")
    p.add_argument("--add", help="one more account in this OU")
    p.add_argument("--bucket")
    a = p.parse_args()
    org = client(a.endpoint, "organizations")
    root = root_id(org)
    if a.add:
        ou = ou_id(org, root, a.add)
        existing = sum(
            len(page["Accounts"])
            for page in org.get_paginator("list_accounts_for_parent").paginate(ParentId=ou)
        )
        print(new_account(org, root, ou, existing))
        return
    for spec in a.ou:
        name, count = spec.split("=")
        ou = ou_id(org, root, name)
        ids = [new_account(org, root, ou, i) for i in range(int(count))]
        print(name, ou, *ids)
    if a.bucket:
        client(a.endpoint, "s3").create_bucket(Bucket=a.bucket)


if __name__ == "__main__":
    main()
