"""The backward cell starts with `import torch`: the cell fails, and the grader's scan finds torch in backward."""
EXPECTED_FAILING_CELLS = ("test_backward", "test_train", "test_training")
OWN_BROKEN_CELLS = ("test_backward",)
EXPECTED_FLAGS = ("autodiff-import", "static-scan")

CELL_solution_backward = '''
import torch


def backward(Y, cache, params):
    tensors = {key: torch.tensor(value, requires_grad=True) for key, value in params.items()}
    A = torch.tensor(cache["A0"])
    for layer in (1, 2, 3):
        Z = A @ tensors[f"W{layer}"] + tensors[f"b{layer}"]
        A = torch.tanh(Z) if layer < 3 else Z
    torch.mean((torch.tensor(Y) - A) ** 2).backward()
    return {key: tensor.grad.numpy() for key, tensor in tensors.items()}
'''
