// The AWS SDK for JavaScript v3 (@aws-sdk/client-connect), unchanged, against a connect-local endpoint.
//
//   node tests/js/smoke.mjs <endpoint-url> <instance-alias>
//
// Drives instances, paginated listing, tags, modelled errors, phone numbers (claim, describe by id and by full
// ARN) and contact flows through the SDK's own serializers and deserializers. Prints a JSON summary on stdout and
// exits 0; on any mismatch prints "smoke: FAILED: <reason>" on stderr and exits 1.

import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";

import {
  ClaimPhoneNumberCommand,
  ConnectClient,
  CreateInstanceCommand,
  DescribeContactFlowCommand,
  DescribeInstanceCommand,
  DescribePhoneNumberCommand,
  ListContactFlowsCommand,
  ListTagsForResourceCommand,
  SearchAvailablePhoneNumbersCommand,
  TagResourceCommand,
  paginateListInstances,
} from "@aws-sdk/client-connect";

const ACCOUNT = "111122223333";
const POLL_TIMEOUT_MS = 20_000;

class Mismatch extends Error {}

function check(condition, message) {
  if (!condition) throw new Mismatch(message);
}

function show(value) {
  return JSON.stringify(value);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function pollUntil(what, read, done) {
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Mismatch(`${what}: still ${show(value)} after ${POLL_TIMEOUT_MS} ms`);
    await sleep(50);
  }
}

// Sends a command that must fail; returns the SDK's error (a ServiceException subclass).
async function expectError(client, command, what) {
  try {
    const output = await client.send(command);
    throw new Mismatch(`${what}: expected an error, got ${show(output)}`);
  } catch (error) {
    if (error instanceof Mismatch) throw error;
    return error;
  }
}

function errorFacts(error) {
  return {
    name: error.name,
    fault: error.$fault,
    httpStatusCode: error.$metadata?.httpStatusCode,
    requestId: error.$metadata?.requestId,
    message: error.message,
  };
}

async function main(endpoint, alias) {
  const require = createRequire(import.meta.url);
  const sdkVersion = require("@aws-sdk/client-connect/package.json").version;
  const client = new ConnectClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: "x" },
    maxAttempts: 1,
  });

  // --- instances: create (SAML), poll until ACTIVE -------------------------------------------------------------
  const created = await client.send(new CreateInstanceCommand({
    IdentityManagementType: "SAML",
    InstanceAlias: alias,
    InboundCallsEnabled: true,
    OutboundCallsEnabled: true,
  }));
  check(typeof created.Id === "string" && created.Id.length > 0, `CreateInstance returned no Id: ${show(created)}`);
  check(created.Arn === `arn:aws:connect:us-east-1:${ACCOUNT}:instance/${created.Id}`,
    `CreateInstance Arn ${created.Arn} does not name the instance ${created.Id}`);
  check(created.$metadata.httpStatusCode === 200 && typeof created.$metadata.requestId === "string",
    `CreateInstance $metadata: ${show(created.$metadata)}`);

  const instance = await pollUntil("DescribeInstance",
    async () => (await client.send(new DescribeInstanceCommand({ InstanceId: created.Id }))).Instance,
    (described) => described.InstanceStatus === "ACTIVE");
  check(instance.Id === created.Id && instance.Arn === created.Arn, `DescribeInstance: ${show(instance)}`);
  check(instance.InstanceAlias === alias, `DescribeInstance alias ${instance.InstanceAlias}, expected ${alias}`);
  check(instance.IdentityManagementType === "SAML", `IdentityManagementType ${instance.IdentityManagementType}`);
  check(instance.InboundCallsEnabled === true && instance.OutboundCallsEnabled === true,
    `call flags: ${instance.InboundCallsEnabled} / ${instance.OutboundCallsEnabled}`);
  // Timestamps travel as epoch seconds; the SDK must have parsed them into a Date near now.
  check(instance.CreatedTime instanceof Date, `CreatedTime is not a Date: ${show(instance.CreatedTime)}`);
  const skewSeconds = Math.abs(instance.CreatedTime.getTime() - Date.now()) / 1000;
  check(Number.isFinite(skewSeconds) && skewSeconds < 600,
    `CreatedTime ${instance.CreatedTime.toISOString()} is not near now`);

  // --- ListInstances with the SDK paginator, one instance per page so NextToken must round-trip -----------------
  const second = await client.send(new CreateInstanceCommand({
    IdentityManagementType: "CONNECT_MANAGED",
    InstanceAlias: `${alias}-2`,
    InboundCallsEnabled: true,
    OutboundCallsEnabled: false,
  }));
  const pages = [];
  for await (const page of paginateListInstances({ client, pageSize: 1 }, {})) {
    pages.push(page.InstanceSummaryList.map((summary) => summary.Id));
    check(pages.length <= 10, `paginateListInstances did not stop: ${show(pages)}`);
  }
  check(show(pages) === show([[created.Id], [second.Id]]),
    `paginateListInstances pages ${show(pages)}, expected [[${created.Id}], [${second.Id}]]`);

  // --- tags ------------------------------------------------------------------------------------------------------
  await client.send(new TagResourceCommand({ resourceArn: created.Arn, tags: { env: "smoke", owner: "js-sdk" } }));
  const { tags } = await client.send(new ListTagsForResourceCommand({ resourceArn: created.Arn }));
  check(tags?.env === "smoke" && tags?.owner === "js-sdk" && Object.keys(tags).length === 2,
    `ListTagsForResource: ${show(tags)}`);

  // --- modelled errors -------------------------------------------------------------------------------------------
  const unknownId = randomUUID();
  const notFound = errorFacts(await expectError(client, new DescribeInstanceCommand({ InstanceId: unknownId }),
    "DescribeInstance of an unknown instance"));
  check(notFound.name === "ResourceNotFoundException" && notFound.httpStatusCode === 404,
    `DescribeInstance(${unknownId}) error: ${show(notFound)}`);
  check(typeof notFound.requestId === "string" && notFound.requestId.length > 0,
    `ResourceNotFoundException without $metadata.requestId: ${show(notFound)}`);
  check(notFound.fault === "client", `ResourceNotFoundException $fault ${notFound.fault}`);

  const badAlias = "not a valid alias!";
  const invalid = errorFacts(await expectError(client, new CreateInstanceCommand({
    IdentityManagementType: "SAML", InstanceAlias: badAlias, InboundCallsEnabled: true, OutboundCallsEnabled: true,
  }), "CreateInstance with an invalid alias"));
  check(invalid.name === "InvalidRequestException" && invalid.httpStatusCode === 400,
    `CreateInstance(${show(badAlias)}) error: ${show(invalid)}`);
  check(typeof invalid.requestId === "string" && invalid.requestId.length > 0,
    `InvalidRequestException without $metadata.requestId: ${show(invalid)}`);

  // --- phone numbers: search, claim onto the instance ARN, poll until CLAIMED, describe by full ARN ---------------
  const { AvailableNumbersList: available } = await client.send(new SearchAvailablePhoneNumbersCommand({
    TargetArn: created.Arn, PhoneNumberCountryCode: "US", PhoneNumberType: "DID", MaxResults: 1,
  }));
  check(Array.isArray(available) && available.length === 1, `SearchAvailablePhoneNumbers: ${show(available)}`);
  const e164 = available[0].PhoneNumber;
  check(/^\+1\d{10}$/.test(e164) && available[0].PhoneNumberCountryCode === "US"
    && available[0].PhoneNumberType === "DID", `available number: ${show(available[0])}`);

  const claimed = await client.send(new ClaimPhoneNumberCommand({
    TargetArn: created.Arn, PhoneNumber: e164, PhoneNumberDescription: "js sdk smoke",
  }));
  check(typeof claimed.PhoneNumberId === "string" && typeof claimed.PhoneNumberArn === "string",
    `ClaimPhoneNumber: ${show(claimed)}`);
  check(claimed.PhoneNumberArn.endsWith(`:phone-number/${claimed.PhoneNumberId}`),
    `PhoneNumberArn ${claimed.PhoneNumberArn} does not name ${claimed.PhoneNumberId}`);

  const summary = await pollUntil("DescribePhoneNumber",
    async () => (await client.send(new DescribePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberId })))
      .ClaimedPhoneNumberSummary,
    (number) => number.PhoneNumberStatus?.Status === "CLAIMED");
  check(summary.PhoneNumber === e164 && summary.TargetArn === created.Arn && summary.InstanceId === created.Id,
    `DescribePhoneNumber: ${show(summary)}`);
  check(summary.PhoneNumberArn === claimed.PhoneNumberArn, `PhoneNumberArn ${summary.PhoneNumberArn}`);

  // The ARN contains ':' and '/', so the SDK percent-encodes it into the path label.
  const byArnCommand = new DescribePhoneNumberCommand({ PhoneNumberId: claimed.PhoneNumberArn });
  let byArnPath;
  byArnCommand.middlewareStack.add((next) => async (args) => {
    byArnPath = args.request.path;
    return next(args);
  }, { step: "finalizeRequest", name: "smokeCapturePath" });
  const byArn = (await client.send(byArnCommand)).ClaimedPhoneNumberSummary;
  check(byArnPath === `/phone-number/${encodeURIComponent(claimed.PhoneNumberArn)}` && !byArnPath.includes(":"),
    `DescribePhoneNumber by ARN was sent to ${show(byArnPath)}, not the percent-encoded ARN`);
  check(byArn.PhoneNumberId === claimed.PhoneNumberId && byArn.PhoneNumber === e164
    && byArn.PhoneNumberStatus?.Status === "CLAIMED", `DescribePhoneNumber by ARN: ${show(byArn)}`);

  // --- contact flows: list, then describe a listed flow by its plain id -------------------------------------------
  const { ContactFlowSummaryList: flows } = await client.send(new ListContactFlowsCommand({
    InstanceId: created.Id, MaxResults: 100,
  }));
  check(Array.isArray(flows) && flows.length > 0, `ListContactFlows listed no flows: ${show(flows)}`);
  const listed = flows[0];
  const flowId = listed.Id;
  check(typeof flowId === "string" && !flowId.includes(":"), `listed flow id ${show(flowId)} is qualified`);
  const { ContactFlow: flow } = await client.send(new DescribeContactFlowCommand({
    InstanceId: created.Id, ContactFlowId: flowId,
  }));
  check(flow.Id === flowId && flow.Arn === listed.Arn && flow.Name === listed.Name && flow.Type === listed.ContactFlowType,
    `DescribeContactFlow ${flowId}: ${show({ Id: flow.Id, Arn: flow.Arn, Name: flow.Name, Type: flow.Type })}`
    + ` does not match the listed ${show(listed)}`);
  check(typeof flow.Content === "string" && typeof JSON.parse(flow.Content) === "object",
    `DescribeContactFlow Content is not a JSON document`);

  return {
    sdk: { package: "@aws-sdk/client-connect", version: sdkVersion, node: process.version },
    instance: {
      id: created.Id,
      arn: created.Arn,
      alias: instance.InstanceAlias,
      status: instance.InstanceStatus,
      createdTimeIsDate: instance.CreatedTime instanceof Date,
      createdTime: instance.CreatedTime.toISOString(),
    },
    listInstances: { pages, pageCount: pages.length },
    tags,
    errors: {
      notFound: { ...notFound, instanceId: unknownId },
      invalidAlias: { ...invalid, alias: badAlias },
    },
    phoneNumber: {
      id: claimed.PhoneNumberId,
      arn: claimed.PhoneNumberArn,
      number: e164,
      status: summary.PhoneNumberStatus.Status,
      targetArn: summary.TargetArn,
      byArnStatus: byArn.PhoneNumberStatus.Status,
      byArnId: byArn.PhoneNumberId,
      byArnPath,
    },
    contactFlow: { id: flow.Id, name: flow.Name, type: flow.Type, listedCount: flows.length },
  };
}

const [endpoint, alias] = process.argv.slice(2);
if (!endpoint || !alias) {
  console.error("usage: node smoke.mjs <endpoint-url> <instance-alias>");
  process.exit(2);
}
try {
  const summary = await main(endpoint, alias);
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
} catch (error) {
  const reason = error instanceof Mismatch
    ? error.message
    : `unexpected ${error?.name ?? "error"}: ${error?.message ?? error}`
      + (error?.$metadata ? ` ($metadata ${show(error.$metadata)})` : "");
  console.error(`smoke: FAILED: ${reason}`);
  if (!(error instanceof Mismatch) && error?.stack) console.error(error.stack);
  process.exitCode = 1;
}
