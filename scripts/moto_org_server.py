"""moto server for whole-organization runs (`scripts/emulator.sh fresh moto-org NAME`).

moto runs a SERVICE_MANAGED stack instance's template in the target account with its own
CloudFormation, which knows few resource types: on the example organization's baselines it answers
CreateStackInstances with HTTP 500 (an Outputs `Fn::GetAtt` of a type it lacks, e.g. the trail's
ARN). This server is moto with one change: such an instance is recorded but its template is not
run, and every instance says so in its StatusReason, so hydrate's table shows it on every row.
What moto proves with it: Organizations (roots, OUs, accounts), the StackSet calls, OU targets
reaching every account under them, per-account instances and operations. What it does not: that
the template deploys inside an account (LocalStack and AWS do that), auto-deployment, asynchronous
operations.

Usage: python scripts/moto_org_server.py -H 127.0.0.1 -p PORT   (the arguments of moto.server)
"""

from moto.cloudformation import models
from moto.server import main

NOT_RUN = (
    "emulator: moto recorded this instance without running its template in the account"
)


class _NotRun:
    """Stands in for the hidden stack moto would have made; deleting it deletes nothing."""

    def delete(self) -> None:
        pass


_original_init = models.StackInstance.__init__
_original_to_dict = models.StackInstance.to_dict


def _init(self, account_id, region_name, stackset_id, stack_name, name, template,
          parameters, permission_model):
    if permission_model != "SERVICE_MANAGED":
        _original_init(self, account_id, region_name, stackset_id, stack_name, name, template,
                       parameters, permission_model)
        return
    self.account_id = account_id
    self.region_name = region_name
    self.stackset_id = stackset_id
    self.stack_name = stack_name
    self.name = name
    self.template = template
    self.parameters = parameters or []
    self.permission_model = permission_model
    self.stack = _NotRun()


def _to_dict(self):
    out = _original_to_dict(self)
    if isinstance(self.stack, _NotRun):
        out["StatusReason"] = NOT_RUN
    return out


models.StackInstance.__init__ = _init
models.StackInstance.to_dict = _to_dict

if __name__ == "__main__":
    main()
