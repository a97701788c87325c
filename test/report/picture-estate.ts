/** A small estate for the picture tests: every hosting class, nested boxes, a multi-placed service, a group, a soft edge, a cycle, a dependency on a location, an unplaced service and hostile free text. */
import { estateOf } from "../helpers/estate.js";

/** Free text that would break SVG, XML, DOT or Mermaid if it were not escaped. */
export const HOSTILE = `<script>alert("x")</script> & ]]> ' " \\l #quot; \`md\` end %% <img src=http://evil.example/x onerror=alert(1)>`;

export const PICTURE_FILES: Record<string, string> = {
  "locations.yaml": `apiVersion: faultline/v1
kind: Location
metadata: {name: aws}
spec:
  hosting: public-cloud
  type: provider
  children:
    - name: us-east-1
      type: region
      children:
        - {name: az1, type: zone}
        - {name: az2, type: zone}
        - {name: az3, type: zone}
---
apiVersion: faultline/v1
kind: Location
metadata: {name: acme}
spec:
  hosting: in-house
  type: ${JSON.stringify(HOSTILE)}
  children:
    - {name: dc1, type: datacenter}
---
apiVersion: faultline/v1
kind: Location
metadata: {name: vendor}
spec: {hosting: third-party, type: saas}
`,
  "services.yaml": `apiVersion: faultline/v1
kind: Service
metadata: {name: web}
spec:
  tier: critical
  type: service
  owner: ${JSON.stringify(HOSTILE)}
  runsOn: [acme/dc1]
  dependsOn:
    - api
    - {ref: recs, soft: true, note: ${JSON.stringify(HOSTILE)}}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: api}
spec:
  tier: high
  type: ${JSON.stringify(HOSTILE)}
  runsOn: [aws/us-east-1/az1, aws/us-east-1/az2]
  dependsOn:
    - {quorum: 2, of: [db-a, db-b, db-c]}
    - pay
---
apiVersion: faultline/v1
kind: Service
metadata: {name: db-a}
spec: {type: database, runsOn: [aws/us-east-1/az1]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: db-b}
spec: {type: database, runsOn: [aws/us-east-1/az2]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: db-c}
spec: {type: database, runsOn: [acme/dc1]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: pay}
spec: {type: external-api, tier: critical, runsOn: [vendor]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: recs}
spec: {tier: low}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: loop-a}
spec: {runsOn: [acme/dc1], dependsOn: [loop-b]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: loop-b}
spec: {runsOn: [acme/dc1], dependsOn: [loop-a, {ref: "location:aws/us-east-1", soft: true}]}
---
apiVersion: faultline/v1
kind: Service
metadata: {name: constructor}
spec: {runsOn: [aws/us-east-1/az3], dependsOn: [{anyOf: [db-a, db-b], soft: true}]}
`,
};

/** The picture estate, loaded. */
export const pictureEstate = () => estateOf(PICTURE_FILES);

/** The services and locations of the picture estate. */
export const SERVICES = ["api", "constructor", "db-a", "db-b", "db-c", "loop-a", "loop-b", "pay", "recs", "web"];
export const LOCATIONS = ["acme", "acme/dc1", "aws", "aws/us-east-1", "aws/us-east-1/az1", "aws/us-east-1/az2", "aws/us-east-1/az3", "vendor"];
