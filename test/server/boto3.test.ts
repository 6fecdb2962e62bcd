import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalCognitoEndpoint, startLocalCognito } from '../../src/testing/local-cognito.js';
import { describeWithTool, type Tool } from '../helpers/tools.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

/** Python's boto3: the seeds' Python form of AdminUpdateUserAttributes runs against the endpoint unchanged. */
const BOTO3: Tool = {
  name: 'python3 with boto3',
  available: spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0,
  install: 'pip install boto3',
};

// The seed's request (client.admin_update_user_attributes), then the verify step a user's app takes: sign in, change
// the email, read the code the trigger sent from /_local/messages, VerifyUserAttribute.
const SCRIPT = `
import json, sys, urllib.request
import boto3
endpoint = sys.argv[1]
client = boto3.client('cognito-idp', endpoint_url=endpoint, region_name='us-west-2',
                      aws_access_key_id='AKIDLOCAL', aws_secret_access_key='local')
response = client.admin_update_user_attributes(
    UserPoolId='us-west-2_aaaaaaaaa',
    Username='diego@example.com',
    UserAttributes=[{'Name': 'custom:CustomAttr1', 'Value': 'Purple'}],
    ClientMetadata={'brand': 'globex'},
)
status = response['ResponseMetadata']['HTTPStatusCode']
tokens = client.admin_initiate_auth(
    UserPoolId='us-west-2_aaaaaaaaa', ClientId='4fk0g8ht3nq2r7m9v6c1b5d8e2', AuthFlow='ADMIN_USER_PASSWORD_AUTH',
    AuthParameters={'USERNAME': 'zoe@example.com', 'PASSWORD': 'Passw0rd!'})['AuthenticationResult']
update = client.update_user_attributes(AccessToken=tokens['AccessToken'],
                                       UserAttributes=[{'Name': 'email', 'Value': 'zoe@new.example'}])
messages = json.load(urllib.request.urlopen(endpoint + '/_local/messages?destination=zoe%40new.example'))
try:
    client.verify_user_attribute(AccessToken=tokens['AccessToken'], AttributeName='email', Code='not-the-code')
    mismatch = None
except client.exceptions.CodeMismatchException as error:
    mismatch = error.response['Error']
client.verify_user_attribute(AccessToken=tokens['AccessToken'], AttributeName='email', Code=messages[-1]['code'])
user = client.get_user(AccessToken=tokens['AccessToken'])
print(json.dumps({
    'status': status,
    'delivery': update['CodeDeliveryDetailsList'],
    'mismatch': mismatch,
    'attributes': {a['Name']: a['Value'] for a in user['UserAttributes']},
}))
`;

let cognito: LocalCognitoEndpoint;
beforeAll(async () => {
  cognito = await startLocalCognito({ handler: 'handlers/custom-message.ts', cwd: root });
}, 60_000);
afterAll(async () => cognito?.close());

describeWithTool(BOTO3, 'Endpoint: boto3 (the seeds’ Python form)', () => {
  it('runs admin_update_user_attributes and the verify step', { timeout: 60_000 }, async () => {
    // Act
    const { stdout } = await run('python3', ['-c', SCRIPT, cognito.endpoint], { timeout: 50_000 });
    const result = JSON.parse(stdout);

    // Assess
    expect(result.status).toBe(200);
    expect(result.delivery).toEqual([
      { Destination: 'z***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    expect(result.mismatch).toEqual({
      Code: 'CodeMismatchException',
      Message: 'Invalid verification code provided, please try again.',
    });
    expect(result.attributes).toMatchObject({ email: 'zoe@new.example', email_verified: 'true' });
  });
});
