import { attestationRule } from "../attestation";

export const attestAppCors = attestationRule({
  id: "GL-APP-005",
  item: "app-cors",
  title: "The app's CORS policy is attested",
  row: "cors-csrf",
  explanation:
    "The edge blocks foreign-origin writes, but an app that answers with Access-Control-Allow-Origin: * (or echoes the Origin with credentials) lets other sites read users' data.",
});
