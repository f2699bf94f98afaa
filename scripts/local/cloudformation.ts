import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalCloudFormation {
  /** Where DescribeStacks answers: AWS_ENDPOINT_URL_CLOUDFORMATION for the SDK. */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * The local stack's CloudFormation, as far as `--stack` reads it: DescribeStacks on the query
 * protocol (form body in, XML out), answering for the one local stack with its outputs, and
 * `ValidationError: Stack with id … does not exist` for any other name, as CloudFormation does.
 * So `shelfwatch … --stack <name>` resolves a local stack with the same code and the same SDK call
 * as a deployed one.
 */
export async function startLocalCloudFormation(stack: {
  name: string;
  outputs: () => Record<string, string>;
}): Promise<LocalCloudFormation> {
  const createdAt = new Date().toISOString();
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY_BYTES) request.destroy();
    });
    request.on('end', () => {
      const form = new URLSearchParams(body);
      const requestId = randomUUID();
      const send = (status: number, xml: string) =>
        response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(xml);
      const error = (code: string, message: string) =>
        send(
          400,
          `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
        );
      if (form.get('Action') !== 'DescribeStacks')
        return error('InvalidAction', `${form.get('Action') ?? 'no action'} is not served by the local stack`);
      const name = form.get('StackName') ?? '';
      if (name !== stack.name) return error('ValidationError', `Stack with id ${name} does not exist`);
      const outputs = Object.entries(stack.outputs())
        .map(
          ([key, value]) =>
            `<member><OutputKey>${escapeXml(key)}</OutputKey><OutputValue>${escapeXml(value)}</OutputValue></member>`,
        )
        .join('');
      send(
        200,
        `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult><Stacks><member><StackName>${escapeXml(stack.name)}</StackName><StackId>arn:aws:cloudformation:us-east-1:000000000000:stack/${escapeXml(stack.name)}/local</StackId><CreationTime>${createdAt}</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${outputs}</Outputs></member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></DescribeStacksResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
